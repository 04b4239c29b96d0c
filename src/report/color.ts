/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (https://no-color.org). */
export function colorFor(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env.NO_COLOR;
  return Boolean(stream.isTTY) && !(noColor !== undefined && noColor !== '');
}
