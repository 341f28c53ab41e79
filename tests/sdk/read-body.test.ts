/**
 * Reading a response body within the cap (src/request/read-body.ts), directly: what is read,
 * what is cut, and that a declared length above the cap stops before a byte is pulled.
 */
import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/request/read-body.js';

/** A body served in chunks of `size` bytes, counting the chunks the reader pulls. */
function chunked(chunks: number, size: number, headers: Record<string, string> = {}) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled === chunks) {
        controller.close();
        return;
      }
      counter.pulled += 1;
      controller.enqueue(new TextEncoder().encode('x'.repeat(size)));
    },
  });
  return { response: new Response(stream, { headers }), counter };
}

describe('readBody', () => {
  it('reads a body within the cap whole', async () => {
    const { response } = chunked(3, 10);
    await expect(readBody(response, 30)).resolves.toEqual({ text: 'x'.repeat(30) });
  });

  it('stops at the cap, keeping exactly cap bytes, and pulls nothing after', async () => {
    const { response, counter } = chunked(1000, 10);
    const read = await readBody(response, 25);
    expect(read).toEqual({ text: 'x'.repeat(25), cut: 'cap' });
    expect(counter.pulled).toBeLessThanOrEqual(4);
  });

  it('a Content-Length above the cap stops before any byte is read', async () => {
    const { response, counter } = chunked(1000, 10, { 'content-length': '10000' });
    await expect(readBody(response, 100)).resolves.toEqual({ text: '', cut: 'cap' });
    // The stream may have been primed once by the runtime; nothing was read from it.
    expect(counter.pulled).toBeLessThanOrEqual(1);
  });

  it('a Content-Length within the cap is read as usual', async () => {
    const { response } = chunked(2, 10, { 'content-length': '20' });
    await expect(readBody(response, 100)).resolves.toEqual({ text: 'x'.repeat(20) });
  });

  it('multi-byte characters split across chunks decode whole', async () => {
    const bytes = new TextEncoder().encode('é€😀');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    await expect(readBody(new Response(stream), 100)).resolves.toEqual({ text: 'é€😀' });
  });
});
