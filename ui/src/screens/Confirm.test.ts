import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Confirm from './Confirm.svelte';
import { api, type Preview } from '../lib/api';

// The screen's own behaviour; Rust is not running here, so its answers are given.
vi.mock('../lib/api', async (original) => ({
  ...(await original<typeof import('../lib/api')>()),
  api: {
    preview: vi.fn(async () => ({
      link_id: 1,
      request,
      origin: { registrable_domain: 'vasp.example', host: 'pay.vasp.example', port: 8443, unicode_host: null, mixed_scripts: false, ip_literal: false },
      format: 'p2wpkh',
      format_was_any: true,
      network: 'mainnet',
      address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
      path: "m/84'/0'/0'/0/0",
      index: 0,
      eth_account: null,
      gap: { format: 'p2wpkh', highest_used: null, funded: [], needed: 0, next_index: 0, needed_after_next: 1 },
    })),
    painted: vi.fn(async () => null),
  },
}));

const request = {
  version: 0,
  msg: 'I confirm  this\n',
  asset: 'btc' as const,
  format: 'any' as const,
  callback: 'https://pay.vasp.example:8443/p/1',
  callback_host: 'pay.vasp.example',
};

const props = (ondismiss = vi.fn()) => ({
  link: { id: 1, link: 'aopp:?…', request, error: null, existing_proof: null },
  position: 1,
  total: 2,
  onreject: ondismiss,
  onresult: vi.fn(),
  ondescriptors: vi.fn(),
});

afterEach(cleanup);

describe('Confirm screen', () => {
  it('shows who asks, the message with its whitespace visible, and the address in groups of four', async () => {
    render(Confirm, props());
    await waitFor(() => expect(screen.getByTestId('request-domain').textContent).toBe('vasp.example'));
    expect(screen.getByTestId('request-host').textContent).toBe('pay.vasp.example');
    expect(screen.getByTestId('request-message').textContent).toBe('I confirm··this↵\n');
    expect((await screen.findByTestId('proof-address')).textContent).toBe(
      'bc1q cr8t e4kr 609g cawu tmrz a0j4 xv80 jy8z 306f yu',
    );
    expect(screen.getByTestId('request-format').textContent).toContain('your preference');
    expect(screen.getByTestId('leaves').textContent).toContain('The address and a signature, sent to pay.vasp.example');
  });

  it('opens complete on a preview fetched with the queue, without asking for it again', async () => {
    const ready = (await api.preview(1, 'first')) as Preview;
    vi.mocked(api.preview).mockClear();
    render(Confirm, { ...props(), ready });
    // Synchronously, in the first render: no frame without the address.
    expect(screen.getByTestId('proof-address').textContent).toBe('bc1q cr8t e4kr 609g cawu tmrz a0j4 xv80 jy8z 306f yu');
    await waitFor(() => expect(api.painted).toHaveBeenCalledWith('confirmation'));
    expect(api.preview).not.toHaveBeenCalled();
  });

  it('keeps Approve disabled until the whole message has been seen', async () => {
    render(Confirm, props());
    const approve = (await screen.findByTestId('approve')) as HTMLButtonElement;
    // jsdom lays nothing out, so the message never counts as scrolled to its end.
    expect(approve.disabled).toBe(true);
  });

  it('explains a malformed link in plain words', () => {
    render(Confirm, {
      ...props(),
      link: { id: 2, link: 'aopp:?v=1', request: null, error: { code: 'unsupported_version', message: 'unsupported AOPP version "1", only 0 is known' }, existing_proof: null },
    });
    expect(screen.getByTestId('link-error').textContent).toContain('protocol version');
  });

  it('Escape rejects', () => {
    const onreject = vi.fn();
    render(Confirm, props(onreject));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(onreject).toHaveBeenCalledOnce();
  });

  it('keeps Approve off for a second after it appears and after the window regains focus', async () => {
    vi.useFakeTimers();
    try {
      render(Confirm, props());
      const approve = (await vi.waitFor(() => screen.getByTestId('approve'))) as HTMLButtonElement;
      await vi.waitFor(() => expect(screen.getByTestId('proof-address')).toBeTruthy());
      await vi.advanceTimersByTimeAsync(1100);
      // Armed now (jsdom lays nothing out, so the message box counts as seen to its end).
      expect(approve.disabled).toBe(false);
      // The window raised and focused again, as a link arriving does: a second of quiet.
      window.dispatchEvent(new FocusEvent('focus'));
      await vi.advanceTimersByTimeAsync(0);
      expect(approve.disabled).toBe(true);
      await vi.advanceTimersByTimeAsync(900);
      expect(approve.disabled).toBe(true);
      await vi.advanceTimersByTimeAsync(200);
      expect(approve.disabled).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the proof of a request answered before instead of signing it again', () => {
    const existing = {
      record: {
        id: 7, created_at: 1764000000, callback: request.callback, asset: 'btc' as const, network: 'mainnet' as const,
        format: 'p2wpkh' as const, index: 0, address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', path: "m/84'/0'/0'/0/0",
        message: request.msg, signature: 'sig', xpub: null, funded: false, status: 'pending' as const, attempts: 1, last_outcome: 'network',
        last_detail: 'refused', last_attempt_at: 1764000001,
      },
      host: 'pay.vasp.example',
      outcome: null,
    };
    render(Confirm, { ...props(), link: { ...props().link, existing_proof: existing } });
    expect(screen.getByTestId('already-proven').textContent).toContain('not signed again');
    expect(screen.queryByTestId('approve')).toBeNull();
    expect(screen.getByTestId('resend-existing')).toBeTruthy();
  });

  it('offers the xpub a link asks for with a box that is off, and sends it only when ticked', async () => {
    const { api } = await import('../lib/api');
    const approve = vi.fn(async () => ({}) as never);
    (api as unknown as { approve: typeof approve }).approve = approve;
    vi.useFakeTimers();
    try {
      render(Confirm, { ...props(), link: { ...props().link, request: { ...request, xpub_required: true } } });
      const box = (await vi.waitFor(() => screen.getByTestId('send-xpub'))) as HTMLInputElement;
      expect(box.checked).toBe(false);
      expect(screen.getByTestId('xpub-request').textContent).toContain('every address of the account');
      await vi.advanceTimersByTimeAsync(1100);
      (screen.getByTestId('approve') as HTMLButtonElement).click();
      await vi.advanceTimersByTimeAsync(0);
      expect(approve).toHaveBeenLastCalledWith(1, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', 'first', false);
      box.click();
      await vi.advanceTimersByTimeAsync(0);
      expect(screen.getByTestId('leaves').textContent).toContain('extended public key');
      (screen.getByTestId('approve') as HTMLButtonElement).click();
      await vi.advanceTimersByTimeAsync(0);
      expect(approve).toHaveBeenLastCalledWith(1, 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', 'first', true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says before the 21st address without funds that a restoring wallet needs a gap limit of 21', async () => {
    const { api } = await import('../lib/api');
    const base = await api.preview(1, 'first');
    vi.mocked(api.preview).mockResolvedValueOnce({
      ...base,
      index: 20,
      gap: { format: 'p2wpkh', highest_used: 19, funded: [], needed: 20, next_index: 20, needed_after_next: 21 },
    });
    const ondescriptors = vi.fn();
    render(Confirm, { ...props(), ondescriptors });
    const warning = await vi.waitFor(() => screen.getByTestId('gap-warning'));
    expect(warning.textContent).toContain('set the gap limit to at least 21');
    screen.getByTestId('gap-open-descriptors').click();
    expect(ondescriptors).toHaveBeenCalledOnce();
  });

  it('says nothing of the gap while the default limit finds the address', async () => {
    render(Confirm, props());
    await vi.waitFor(() => screen.getByTestId('proof-address'));
    expect(screen.queryByTestId('gap-warning')).toBeNull();
  });
});
