// A confirming button (Approve, Connect, Sign) waits this long after its screen appears or the
// window is focused again, so that a link or request timed to raise the window under the
// user's click cannot be confirmed by that click.
export const ARMING_MS = 1000;

/** The armed state of one screen's confirming button: `arm()` on mount and on window focus. */
export function arming() {
  let armed = $state(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    get armed() {
      return armed;
    },
    arm() {
      armed = false;
      clearTimeout(timer);
      timer = setTimeout(() => (armed = true), ARMING_MS);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
