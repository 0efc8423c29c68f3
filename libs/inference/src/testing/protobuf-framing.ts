/**
 * Just enough of the protobuf wire format to frame a length-delimited field whose payload is written
 * separately. The padded fixture uses it to stream a 100 MB initializer instead of handing protobufjs a
 * buffer it would copy again.
 */
const WIRE_TYPE_LENGTH_DELIMITED = 2;

export function varintLength(value: number): number {
  assertUnsignedSafeInteger(value);
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) length += 1;
  return length;
}

export function encodeVarint(value: number): Uint8Array {
  assertUnsignedSafeInteger(value);
  const bytes = new Uint8Array(varintLength(value));
  let rest = value;
  // Division rather than shifts: JS bitwise operators would truncate lengths beyond 2^31.
  for (let i = 0; i < bytes.length; i += 1) {
    const low = rest % 0x80;
    rest = Math.floor(rest / 0x80);
    bytes[i] = rest > 0 ? low | 0x80 : low;
  }
  return bytes;
}

/** Key and length of a length-delimited field, to be followed by exactly `payloadLength` bytes. */
export function lengthDelimitedHeader(fieldNumber: number, payloadLength: number): Uint8Array {
  const key = encodeVarint(fieldNumber * 8 + WIRE_TYPE_LENGTH_DELIMITED);
  const length = encodeVarint(payloadLength);
  const header = new Uint8Array(key.length + length.length);
  header.set(key, 0);
  header.set(length, key.length);
  return header;
}

function assertUnsignedSafeInteger(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`expected an unsigned safe integer, got ${value}`);
}
