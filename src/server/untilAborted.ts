// Waiting on shared work without owning it: a caller gives up (its signal
// aborts) while the work goes on for the others.

export const abortError = (): Error => Object.assign(new Error('aborted'), { name: 'AbortError' });

/** `promise`, or an AbortError as soon as `signal` aborts (the work behind the promise goes on for others). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
