import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** Loads again now (after an action). */
  reload: () => void;
}

/**
 * Loads data for a page, and again every `refreshMs(data)` milliseconds while that returns a
 * number (lists with running batches refresh themselves; finished ones stop). Requests of a page
 * that is left are aborted.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], refreshMs?: (data: T) => number | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const refresh = useRef(refreshMs);
  refresh.current = refreshMs;
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const data = await load(controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, error: null, loading: false });
        const next = refresh.current?.(data) ?? null;
        if (next !== null) timer = setTimeout(() => void run(), next);
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
      }
    };
    setState((s) => ({ ...s, loading: true }));
    void run();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** Runs an action (a button), tracking whether it runs and how it ended, for a status line. */
export function useAction(): {
  busy: boolean;
  message: { tone: 'ok' | 'bad'; text: string } | null;
  run: (what: string, action: () => Promise<string>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const run = useCallback(async (what: string, action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ tone: 'ok', text: await action() });
    } catch (error) {
      setMessage({ tone: 'bad', text: `${what} failed: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, message, run };
}
