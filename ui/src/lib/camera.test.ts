import { describe, expect, it } from 'vitest';
import { cameraError, frameSize, toLuma } from './camera';
import { hasSentence } from './messages';

function domError(name: string): DOMException {
  return new DOMException('from the webview', name);
}

describe('camera', () => {
  it('tells a missing camera, a refusal and a busy one apart', () => {
    expect(cameraError(domError('NotFoundError')).code).toBe('camera_missing');
    expect(cameraError(domError('OverconstrainedError')).code).toBe('camera_missing');
    expect(cameraError(domError('NotAllowedError')).code).toBe('camera_denied');
    expect(cameraError(domError('NotReadableError')).code).toBe('camera_busy');
    expect(cameraError(new TypeError('getUserMedia is not a function')).code).toBe('camera_unsupported');
    for (const name of ['NotFoundError', 'NotAllowedError', 'NotReadableError', 'TypeError']) {
      expect(hasSentence(cameraError(domError(name)).code)).toBe(true);
    }
  });

  it('scales big frames down and leaves small ones', () => {
    expect(frameSize(1920, 1080)).toEqual({ width: 960, height: 540 });
    expect(frameSize(720, 1280)).toEqual({ width: 540, height: 960 });
    expect(frameSize(640, 480)).toEqual({ width: 640, height: 480 });
  });

  it('turns RGBA into grey with the BT.601 weights', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 9, 0, 0, 255, 0]);
    expect([...toLuma(rgba)]).toEqual([255, 0, 76, 149, 28]);
  });
});
