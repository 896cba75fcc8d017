/**
 * Cuts a byte stream into SIP2 messages. A message ends with CR; LF and CR LF are tolerated (the empty
 * line a CR LF leaves is skipped). Pure: the transport feeds it chunks and sends back what it answers.
 */
export class Sip2FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  /** The frames completed by this chunk, without their terminators. */
  push(chunk: Uint8Array): Buffer[] {
    const data = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let start = 0;
    for (let at = 0; at < data.length; at += 1) {
      const byte = data[at];
      if (byte !== 0x0d && byte !== 0x0a) continue;
      if (at > start) frames.push(data.subarray(start, at));
      start = at + 1;
    }
    this.pending = Buffer.from(data.subarray(start));
    return frames;
  }

  /** Bytes received since the last terminator: a transport refuses a client whose line never ends. */
  get pendingBytes(): number {
    return this.pending.length;
  }
}
