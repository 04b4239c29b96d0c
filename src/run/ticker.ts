/**
 * The one timer of a running load phase: rolls the per-second series and feeds progress and
 * abort-on-fail checks, so the per-response path never reads a clock for them.
 */
export function startTicker(onSecond: () => void, onQuarter: () => void): () => void {
  let quarters = 0;
  const timer = setInterval(() => {
    onQuarter();
    if (++quarters % 4 === 0) onSecond();
  }, 250);
  return () => clearInterval(timer);
}
