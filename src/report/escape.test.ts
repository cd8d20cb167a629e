import { describe, expect, test } from 'vitest';
import { esc, slug } from './escape.ts';

describe('esc', () => {
  test('escapes the five HTML-significant characters', () => {
    expect(esc(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(esc(42)).toBe('42');
  });
});

describe('slug', () => {
  test('is safe, stable and distinguishes names that read alike', () => {
    const a = slug('kernel', '<script>top k</script>');
    expect(a).toMatch(/^kernel-[a-z0-9-]+$/);
    expect(slug('kernel', '<script>top k</script>')).toBe(a);
    expect(slug('k', 'top_k')).not.toBe(slug('k', 'top-k'));
  });
});
