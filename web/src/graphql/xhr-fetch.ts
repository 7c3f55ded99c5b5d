/** How far a request body has gone: bytes sent of the total. */
export interface SendProgress {
  loaded: number;
  total: number;
}

function responseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * A `fetch` built on XMLHttpRequest, because fetch cannot report how much of a request body has
 * been sent. It answers a real `Response`, so urql reads it as it reads any other, and it stops
 * the request when `init.signal` (urql's) or `cancel` aborts.
 */
export function fetchWithUploadProgress(
  onProgress: (progress: SendProgress) => void,
  cancel: AbortSignal,
): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init.method ?? 'GET', input instanceof Request ? input.url : String(input));
      xhr.responseType = 'blob';
      new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.total });
      xhr.onload = () =>
        resolve(
          new Response(xhr.status === 204 ? null : (xhr.response as Blob), {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: responseHeaders(xhr.getAllResponseHeaders()),
          }),
        );
      xhr.onerror = () => reject(new TypeError('The request failed.'));
      xhr.onabort = () => reject(new DOMException('The request was cancelled.', 'AbortError'));
      for (const signal of [init.signal, cancel]) {
        if (signal?.aborted) return xhr.abort();
        signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      }
      xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}
