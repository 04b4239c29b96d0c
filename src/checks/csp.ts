/**
 * Problems in a Content-Security-Policy value that browsers tolerate but that show a hand-edited,
 * unreviewed policy: empty directives (`;;`, a trailing `;`) and directive names that are not tokens.
 * Returns the first problem, or undefined when the policy is well-formed.
 */
export function cspProblem(value: string): string | undefined {
  if (value.trim() === '') return 'the policy is empty';
  if (/;\s*$/.test(value)) return 'it ends with a trailing ";" (an empty directive)';
  const parts = value.split(';');
  for (let i = 0; i < parts.length; i++) {
    const directive = parts[i].trim();
    if (directive === '') return `directive ${i + 1} is empty (";;")`;
    const name = directive.split(/\s+/)[0];
    if (!/^[A-Za-z0-9-]+$/.test(name)) return `directive ${i + 1} has an invalid name ${JSON.stringify(name)}`;
  }
  const names = parts.map((p) => p.trim().split(/\s+/)[0].toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return `directive ${dup} appears twice (browsers ignore the second)`;
  return undefined;
}
