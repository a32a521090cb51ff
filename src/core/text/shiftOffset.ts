/** Moves an offset past an edit: edits before it shift it, an edit around it puts it after the new text. */
export function shiftOffset(offset: number, change: { rangeOffset: number; rangeLength: number; text: string }): number {
  const end = change.rangeOffset + change.rangeLength;
  if (end <= offset && !(change.rangeLength === 0 && change.rangeOffset === offset)) return offset + change.text.length - change.rangeLength;
  if (change.rangeOffset >= offset) return offset;
  return change.rangeOffset + change.text.length;
}
