// A PNG of the whole X screen (every window, native dialogs included, which a WebDriver
// screenshot of the webview does not show): `xwd -root` (Debian's x11-apps) decoded
// here from its XWD dump (ZPixmap, 24/32 bits per pixel) and written as an RGB PNG.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGB PNG from an XWD dump of a TrueColor screen. */
export function xwdToPng(xwd) {
  const h = (i) => xwd.readUInt32BE(i * 4);
  const [headerSize, format, width, height, byteOrder, bpp, bytesPerLine] = [h(0), h(2), h(4), h(5), h(7), h(11), h(12)];
  const [redMask, greenMask, blueMask, ncolors] = [h(14), h(15), h(16), h(19)];
  if (format !== 2 || (bpp !== 32 && bpp !== 24)) throw new Error(`xwd: unsupported dump (format ${format}, ${bpp} bits per pixel)`);
  const shift = (mask) => 31 - Math.clz32(mask & -mask);
  const [rs, gs, bs] = [shift(redMask), shift(greenMask), shift(blueMask)];
  const pixels = headerSize + ncolors * 12;
  const bytes = bpp / 8;
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const at = pixels + y * bytesPerLine + x * bytes;
      const v = bytes === 4 ? (byteOrder === 0 ? xwd.readUInt32LE(at) : xwd.readUInt32BE(at)) : byteOrder === 0 ? xwd.readUIntLE(at, 3) : xwd.readUIntBE(at, 3);
      const o = row + 1 + x * 3;
      raw[o] = (v & redMask) >>> rs;
      raw[o + 1] = (v & greenMask) >>> gs;
      raw[o + 2] = (v & blueMask) >>> bs;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** Saves the whole screen of $DISPLAY to `path` (PNG). */
export function screenshotScreen(path) {
  const xwd = execFileSync("xwd", ["-root", "-silent"], { maxBuffer: 256 * 1024 * 1024 });
  writeFileSync(path, xwdToPng(xwd));
}
