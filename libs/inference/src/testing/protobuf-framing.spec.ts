import { onnx } from 'onnx-proto';
import { encodeVarint, lengthDelimitedHeader, varintLength } from './protobuf-framing';

describe('protobuf framing', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [2 ** 31, [0x80, 0x80, 0x80, 0x80, 0x08]],
    [2 ** 35 + 5, [0x85, 0x80, 0x80, 0x80, 0x80, 0x01]],
  ])('encodes %d as a base-128 varint', (value, bytes) => {
    expect(Array.from(encodeVarint(value))).toEqual(bytes);
    expect(varintLength(value)).toBe(bytes.length);
  });

  it('refuses values a varint of this kind cannot hold', () => {
    expect(() => encodeVarint(-1)).toThrow(RangeError);
    expect(() => encodeVarint(1.5)).toThrow(RangeError);
  });

  it('frames a field the way protobufjs reads it', () => {
    const name = new TextEncoder().encode('hand-framed');
    // ValueInfoProto.name is field 1.
    const header = lengthDelimitedHeader(1, name.length);
    const message = new Uint8Array(header.length + name.length);
    message.set(header, 0);
    message.set(name, header.length);
    expect(onnx.ValueInfoProto.decode(message).name).toBe('hand-framed');
  });
});
