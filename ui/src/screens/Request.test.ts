import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Request from './Request.svelte';

const request = {
  version: 0,
  msg: 'I confirm  this\n',
  asset: 'btc' as const,
  format: 'any' as const,
  callback: 'https://vasp.example:8443/p/1',
  callback_host: 'vasp.example',
};

describe('Request screen', () => {
  it('shows who asks and the message with its whitespace visible', () => {
    render(Request, { link: { id: 1, link: 'aopp:?…', request, error: null }, position: 1, total: 2, ondismiss: vi.fn() });
    expect(screen.getByTestId('request-host').textContent).toBe('vasp.example');
    expect(screen.getByTestId('request-message').textContent).toBe('I confirm··this↵\n');
    expect(screen.getByTestId('queue-position').textContent).toBe('Request 1 of 2');
  });

  it('explains a malformed link in plain words', () => {
    render(Request, {
      link: { id: 2, link: 'aopp:?v=1', request: null, error: { code: 'unsupported_version', message: 'unsupported AOPP version "1", only 0 is known' } },
      position: 1,
      total: 1,
      ondismiss: vi.fn(),
    });
    expect(screen.getByTestId('link-error').textContent).toContain('protocol version');
  });

  it('Escape rejects', async () => {
    const ondismiss = vi.fn();
    render(Request, { link: { id: 1, link: 'aopp:?…', request, error: null }, position: 1, total: 1, ondismiss });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });
});
