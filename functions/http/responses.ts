import type { ApiResponse } from './route';

/** `"3"`: a version as an ETag (If-Match sends it back). */
export const etagOf = (version: number) => `"${version}"`;

export const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });

/** A record as the API shows it, with its version as the ETag. */
export const withVersion = (result: { readonly record: unknown; readonly version: number }, statusCode = 200): ApiResponse => ({
  statusCode,
  headers: { etag: etagOf(result.version) },
  body: result.record,
});

/** A view that carries its own version (gradebook settings, an assignment), with that version as the ETag. */
export const versioned = (body: { readonly version: number }): ApiResponse => ({
  statusCode: 200,
  body,
  headers: { ETag: etagOf(body.version) },
});
