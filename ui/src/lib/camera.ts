// The camera's pure parts: which error the user sees, how a frame becomes grey bytes.
import type { ApiError } from './api';

/** The largest frame side sent to Rust: QR codes held up to a camera fill much of the view. */
export const MAX_FRAME_SIDE = 960;

/** What a failed `getUserMedia` means for the user (a DOMException's name tells). */
export function cameraError(failure: unknown): ApiError {
  const name = failure instanceof Error || failure instanceof DOMException ? failure.name : '';
  const message = failure instanceof Error ? failure.message : String(failure);
  switch (name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: 'camera_missing', message };
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: 'camera_denied', message };
    case 'NotReadableError':
    case 'AbortError':
      return { code: 'camera_busy', message };
    default:
      return { code: 'camera_unsupported', message };
  }
}

/** The frame size for a `width`×`height` picture, scaled down to fit `MAX_FRAME_SIDE`. */
export function frameSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** RGBA pixels to one grey byte each (ITU-R BT.601 weights, in integers). */
export function toLuma(rgba: Uint8ClampedArray): Uint8Array {
  const luma = new Uint8Array(rgba.length / 4);
  for (let pixel = 0, at = 0; pixel < luma.length; pixel++, at += 4) {
    luma[pixel] = (77 * rgba[at]! + 150 * rgba[at + 1]! + 29 * rgba[at + 2]!) >> 8;
  }
  return luma;
}
