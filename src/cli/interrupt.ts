/**
 * First Ctrl-C (or SIGTERM): a graceful stop, so outputs are written from what was measured.
 * A second one: the user means it, leave now with the "inconclusive" exit code.
 */
export function onInterrupt(graceful: () => void): () => void {
  let seen = 0;
  const on = (): void => {
    seen++;
    if (seen === 1) graceful();
    else process.exit(3);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return () => {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  };
}
