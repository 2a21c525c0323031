// Subject: the plain DOM log most pages start with, a <div> per line in a
// scrolling container; appends, then removes the oldest lines beyond capacity.

export const id = 'dom-log';
export const label = 'DOM log (trim)';
/** A million divs take minutes to lay out each time; the curves are clear by 100,000. */
export const maxCapacity = 100_000;

export function create(capacity, host) {
  return createDomLog(capacity, host, 'trim');
}

/**
 * A DOM log of at most `capacity` lines. On overflow, `policy` 'trim' removes the
 * first children beyond capacity; 'replace' clears the log (replaceChildren) and
 * keeps only the new lines, the workaround the reference post found cheaper in Qt.
 *
 * Text after the last `\n` is the current line, continued by the next write; a
 * `\r` restarts the line, so progress updates overwrite it as in a terminal.
 * Like any log it follows the newest line: once per frame (not per write, which
 * would force a layout per call) it scrolls to the bottom.
 */
export function createDomLog(capacity, host, policy) {
  const box = document.createElement('div');
  box.style.cssText = 'height:100%;overflow-y:auto;font:13px/1.4 monospace;white-space:pre';
  host.append(box);
  let count = 0;
  /** The div of the unfinished last line, if any. */
  let current = null;
  const follower = followEnd(box);

  return {
    element: box,
    append(text) {
      const pieces = text.split('\n');
      let first = 0;
      if (current !== null) {
        const piece = pieces[0];
        const restart = piece.lastIndexOf('\r');
        if (restart >= 0) current.textContent = piece.slice(restart + 1);
        else if (piece !== '') current.textContent += piece;
        if (pieces.length > 1) current = null;
        first = 1;
      }
      // The last piece is the new current line, unless the text ended with `\n`.
      let end = pieces.length;
      if (pieces[end - 1] === '') end--;
      // Lines that would be removed at once are never created.
      const fresh = Math.max(first, end - capacity);
      const fragment = document.createDocumentFragment();
      for (let i = fresh; i < end; i++) {
        const row = document.createElement('div');
        const piece = pieces[i];
        row.textContent = piece.slice(piece.lastIndexOf('\r') + 1);
        fragment.append(row);
        if (i === pieces.length - 1) current = row;
      }
      const added = end - fresh;
      if (policy === 'replace' && count + added > capacity) {
        box.replaceChildren(fragment);
        count = added;
      } else {
        box.append(fragment);
        count += added;
        for (; count > capacity; count--) box.firstChild.remove();
      }
      follower.request();
    },
    clear() {
      box.replaceChildren();
      count = 0;
      current = null;
    },
    /** Does the pending follow-scroll now; reading scrollHeight forces the layout. */
    async settle() {
      follower.now();
      return 0;
    },
    full: () => count >= capacity,
    destroy() {
      follower.cancel();
      box.remove();
    },
  };
}

/**
 * Scrolls `box` to the bottom once per frame when asked (`request()` after each
 * write: scrolling per write would force a layout per call), or `now()`.
 */
export function followEnd(box) {
  let frame = 0;
  const follow = () => {
    frame = 0;
    box.scrollTop = box.scrollHeight;
  };
  const cancel = () => {
    if (frame !== 0) cancelAnimationFrame(frame);
    frame = 0;
  };
  return {
    request() {
      if (frame === 0) frame = requestAnimationFrame(follow);
    },
    /** Scrolls now; reading scrollHeight forces the layout. */
    now() {
      cancel();
      follow();
    },
    cancel,
  };
}
