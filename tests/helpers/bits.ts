/** Whether two typed arrays hold the same bytes (a bit-for-bit comparison that stays fast at millions of entries, where toEqual does not). */
export function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
