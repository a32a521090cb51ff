import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads the first bytes of a file and names its image type by magic number,
 * so a text file renamed to .png is caught before upload instead of being
 * rejected by the host with a confusing message.
 */
const SIGNATURES: { mime: string; test(b: Buffer): boolean }[] = [
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')) },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'image/bmp', test: (b) => b.subarray(0, 2).toString('latin1') === 'BM' },
  { mime: 'image/tiff', test: (b) => ['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1')) },
  { mime: 'image/x-icon', test: (b) => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 },
  {
    mime: 'image/avif',
    test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' && /^(avif|avis)/.test(b.subarray(8, 12).toString('latin1')),
  },
  {
    mime: 'image/heic',
    test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|mif1|msf1|hevc)/.test(b.subarray(8, 12).toString('latin1')),
  },
];

/** Blocking, like inspectFile that calls it: three system calls for 16 bytes. */
export function sniffImageType(filePath: string): string | undefined {
  const fd = openSync(filePath, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const bytesRead = readSync(fd, buffer, 0, 16, 0);
    const head = buffer.subarray(0, bytesRead);
    return SIGNATURES.find((s) => s.test(head))?.mime;
  } finally {
    closeSync(fd);
  }
}
