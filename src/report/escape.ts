/** HTML escaping: kernel names, test names and messages are untrusted and land in text and attributes. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes for both text content and quoted attribute values (HTML and inline SVG). */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A stable, safe fragment id from an untrusted name (ids must not carry markup or spaces). */
export function slug(prefix: string, name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
  const readable = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${prefix}-${readable}-${(hash >>> 0).toString(36)}`;
}
