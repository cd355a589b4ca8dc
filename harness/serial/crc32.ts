/**
 * CRC-32/IEEE 802.3 (reflected, polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF), the
 * checksum Mongoose OS appends to RPC frames on the UART. Table-driven: one table lookup
 * per byte.
 */
const POLYNOMIAL = 0xedb88320;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the bytes (a string is taken as its UTF-8 bytes), as an unsigned 32-bit number. */
export function crc32(data: Uint8Array | string): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The CRC as it appears on the wire: 8 lowercase hex digits, zero-padded. */
export function formatCrc32(crc: number): string {
  return (crc >>> 0).toString(16).padStart(8, '0');
}

export function crc32Hex(data: Uint8Array | string): string {
  return formatCrc32(crc32(data));
}
