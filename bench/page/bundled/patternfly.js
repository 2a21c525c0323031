// Bundled by the bench server (loaded as patternfly.js?bundle): PatternFly's
// LogViewer in a React 19 root, as an app would render it, with PatternFly's base
// styles (its design tokens: the log viewer's sizes and fonts are defined by them).
import '@patternfly/react-core/dist/styles/base.css';
import { LogViewer } from '@patternfly/react-log-viewer';
import { createElement, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

/**
 * Mounts a LogViewer into `host` showing `store.snapshot()`, re-rendered whenever
 * `store` notifies (the app's state update; React batches the updates of one task
 * into one render). It follows the end with `scrollToRow` = the last line, and keeps
 * its defaults otherwise (line numbers, wrapped text).
 */
export function mountLogViewer(host, store) {
  let update = null;
  function App() {
    const [data, setData] = useState(() => store.snapshot());
    useEffect(() => {
      update = () => setData(store.snapshot());
      return () => {
        update = null;
      };
    }, []);
    return createElement(LogViewer, { data, scrollToRow: data.length, height: host.clientHeight });
  }
  const root = createRoot(host);
  flushSync(() => root.render(createElement(App)));
  return {
    /** Queues a render with the store's current lines. */
    update: () => update?.(),
    /** Renders now what is queued. */
    flush: () => flushSync(() => update?.()),
    unmount: () => root.unmount(),
  };
}
