import { describe, expect, test } from 'vitest';
import { consoleMessages, findChromium } from '../../test/report/chromium.ts';

describe('consoleMessages', () => {
  test('extracts console lines (current and older log formats) and ignores the rest', () => {
    const log = [
      '[1:2:1123/092535.4:ERROR:dbus/bus.cc:405] Failed to connect to the bus',
      '[1:1:1123/092535.4:INFO:CONSOLE:1] "hello", source: file:///x.html (1)',
      '[1:1:1123/092535.5:INFO:CONSOLE(12)] "old format"',
      '[1:1:1123/092535.6:INFO:CONSOLE] "Uncaught TypeError: x", source: file:///x.html (3)',
    ].join('\n');
    expect(consoleMessages(log)).toEqual([
      '"hello", source: file:///x.html (1)',
      '"old format"',
      '"Uncaught TypeError: x", source: file:///x.html (3)',
    ]);
  });
});

describe('findChromium', () => {
  test('honours CHROMIUM and reports a missing binary as undefined', () => {
    expect(findChromium('/nonexistent/chromium')).toBeUndefined();
    expect(findChromium(process.execPath)).toBe(process.execPath);
  });
});
