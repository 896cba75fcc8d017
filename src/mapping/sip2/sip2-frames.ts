/**
 * Cuts a byte stream into SIP2 messages. A message ends with CR; LF and CR LF are tolerated (the empty
 * line a CR LF leaves is skipped). Pure: the transport feeds it chunks and sends back what it answers.
 * Frames can be taken all at once (`push`) or one at a time (`append`, then `next` until undefined), so
 * that a server holds no more than the bytes it has read and splits only what it is ready to answer.
 */
export class Sip2FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;
  /** Where the search for the next terminator goes on (everything before it holds none). */
  private scanned = 0;

  /** The frames completed by this chunk, without their terminators. */
  push(chunk: Uint8Array): Buffer[] {
    this.append(chunk);
    const frames: Buffer[] = [];
    for (let frame = this.next(); frame !== undefined; frame = this.next()) frames.push(frame);
    return frames;
  }

  /** Adds received bytes; take the messages with `next`. */
  append(chunk: Uint8Array): void {
    if (this.offset > 0) {
      this.buffer = this.buffer.subarray(this.offset);
      this.scanned -= this.offset;
      this.offset = 0;
    }
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
  }

  /** The next complete message, or undefined when the bytes so far hold none. */
  next(): Buffer | undefined {
    for (let at = Math.max(this.scanned, this.offset); at < this.buffer.length; at += 1) {
      const byte = this.buffer[at];
      if (byte !== 0x0d && byte !== 0x0a) continue;
      const start = this.offset;
      this.offset = at + 1;
      this.scanned = this.offset;
      if (at > start) return Buffer.from(this.buffer.subarray(start, at));
    }
    this.scanned = this.buffer.length;
    return undefined;
  }

  /** Bytes received and not yet taken as messages (complete or not). */
  get bufferedBytes(): number {
    return this.buffer.length - this.offset;
  }

  /** Bytes since the last terminator, once `next` found no more messages: a line that never ends. */
  get pendingBytes(): number {
    return this.buffer.length - this.offset;
  }
}
