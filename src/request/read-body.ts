/** A body that arrived but could not be decompressed (zlib, brotli codes): it failed in the decoder, not on the wire. */
const DECODING = /^(?:Z_|ERR__)/;

/** A response's body as text, or as much of it as was read. */
export interface BodyText {
  text: string;
  /** Why the text is not the whole body: `cap` — it is larger than the cap; `unreadable` — it could not be decoded. */
  cut?: 'cap' | 'unreadable';
}

/**
 * Reads a body as a stream, and stops at `cap` bytes (after decompression: a small gzip body
 * that inflates to gigabytes is stopped all the same). A `Content-Length` above the cap stops it
 * before any byte is read. Memory held stays within a small multiple of the cap whatever the
 * server sends. A network failure mid-body is thrown (a connection error); a body that cannot be
 * decoded (a corrupt `Content-Encoding`) is reported as `unreadable`.
 */
export async function readBody(response: Response, cap: number): Promise<BodyText> {
  const body: unknown = response.body;
  const stream: ReadableStream<Uint8Array> | undefined = body instanceof ReadableStream ? body : undefined;
  if (Number(response.headers.get('content-length')) > cap) {
    void stream?.cancel().catch(() => undefined);
    return { text: '', cut: 'cap' };
  }
  // No body; or a `fetch` option's Response-like object without a web stream: it reads itself, whole.
  if (stream === undefined) return { text: body === null ? '' : await response.text() };
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode() };
      bytes += value.byteLength;
      if (bytes > cap) {
        void reader.cancel().catch(() => undefined);
        return { text: text + decoder.decode(value.subarray(0, value.byteLength - (bytes - cap))), cut: 'cap' };
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    const cause: unknown = error instanceof Error ? error.cause : undefined;
    if (!(cause instanceof Error && DECODING.test(String(Reflect.get(cause, 'code'))))) throw error;
    return { text, cut: 'unreadable' };
  }
}
