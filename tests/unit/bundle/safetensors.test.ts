import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSafetensors, encodeSafetensors, toFloat32, toInt32 } from '../../../main/bundle/safetensors';

/** A file laid out by hand from the format's description: header length, JSON header, data. */
function handMade(header: object, data: number[]): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.from(data)]);
}

test('a hand-made file decodes: little-endian float32 values, shape and metadata', () => {
  // 1.0 = 00 00 80 3f, -2.5 = 00 00 20 c0 (little-endian IEEE 754)
  const bytes = handMade(
    {
      __metadata__: { step: '7' },
      w: { dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] },
      i: { dtype: 'I16', shape: [1], data_offsets: [8, 10] },
    },
    [0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0, 0xfe, 0xff],
  );
  const { tensors, metadata } = decodeSafetensors(bytes, 'hand.safetensors');
  assert.deepEqual(metadata, { step: '7' });
  assert.deepEqual(tensors.get('w')!.shape, [1, 2]);
  assert.deepEqual([...toFloat32(tensors.get('w')!, 'w')], [1, -2.5]);
  assert.deepEqual([...toInt32(tensors.get('i')!, 'i')], [-2]);
});

test('encode then decode gives every tensor back bit for bit, data 8-byte aligned', () => {
  const w = Float32Array.from({ length: 6 }, (_, i) => Math.fround(Math.sin(i) * 1e-3));
  const bytes = encodeSafetensors(
    [
      { name: 'layer0.qkv.w', shape: [2, 3], data: w },
      { name: '4/tokens', shape: [3], data: Int32Array.from([7, 8, 70000]) },
      { name: '4/inter', shape: [3], data: Int16Array.from([0, 1, -1]) },
      { name: '4/lossMask', shape: [3], data: Uint8Array.from([0, 1, 1]) },
      { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
    ],
    { format: 'test' },
  );
  const headerLength = Number(bytes.readBigUInt64LE(0));
  assert.equal((8 + headerLength) % 8, 0);
  const { tensors, metadata } = decodeSafetensors(bytes, 'x');
  assert.equal(metadata.format, 'test');
  assert.deepEqual(toFloat32(tensors.get('layer0.qkv.w')!, 'w'), w);
  assert.deepEqual([...toInt32(tensors.get('4/tokens')!, 't')], [7, 8, 70000]);
  assert.deepEqual([...toInt32(tensors.get('4/inter')!, 'i')], [0, 1, -1]);
  assert.deepEqual([...toInt32(tensors.get('4/lossMask')!, 'm')], [0, 1, 1]);
  assert.equal(tensors.get('4/inter')!.dtype, 'I16');
  assert.deepEqual(tensors.get('empty')!.shape, [0, 4]);
});

test('half precision and bfloat16 widen to float32 exactly; F64 narrows', () => {
  // F16: 0x3c00 = 1, 0xc000 = -2, 0x0001 = 2^-24 (subnormal), 0x7c00 = Infinity; BF16: 0x3f80 = 1, 0x4049 = 3.140625
  const bytes = handMade(
    {
      h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
      d: { dtype: 'F64', shape: [1], data_offsets: [12, 20] },
    },
    [0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x00, 0x7c, 0x80, 0x3f, 0x49, 0x40, ...new Uint8Array(Float64Array.from([0.1]).buffer)],
  );
  const { tensors } = decodeSafetensors(bytes, 'x');
  assert.deepEqual([...toFloat32(tensors.get('h')!, 'h')], [1, -2, 2 ** -24, Infinity]);
  assert.deepEqual([...toFloat32(tensors.get('b')!, 'b')], [1, 3.140625]);
  assert.deepEqual([...toFloat32(tensors.get('d')!, 'd')], [Math.fround(0.1)]);
});

test('bad files are refused naming the file and what is wrong', () => {
  const bad = (bytes: Buffer, why: RegExp): void =>
    assert.throws(
      () => decodeSafetensors(bytes, 'w.safetensors'),
      (e: Error) => e.message.startsWith('w.safetensors: not a valid safetensors file') && why.test(e.message),
    );
  bad(Buffer.from([1, 2, 3]), /fewer than the 8-byte/);
  bad(handMade({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0]), /outside the 4 data bytes/);
  bad(
    handMade({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, [0, 0, 0, 0, 0, 0, 0, 0]),
    /8 bytes for F32 \[3\], which needs 12/,
  );
  bad(handMade({ w: { dtype: 'Q4', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]), /dtype "Q4"/);
  bad(
    handMade(
      { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } },
      [0, 0, 0, 0],
    ),
    /overlaps/,
  );
  bad(handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, [0, 0, 0, 0, 0, 0, 0, 0]), /a gap of 4 bytes/);
  bad(handMade({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, [0, 9]), /1 bytes after the last tensor/);
  bad(handMade({ __metadata__: { step: 3 } }, []), /__metadata__.step is not a string/);
  const garbled = handMade({}, []);
  garbled.write('[', 8);
  bad(garbled, /not a JSON object|not UTF-8 JSON/);
});

test('the encoder refuses repeated names and a shape that does not match the values', () => {
  const t = { name: 'a', shape: [2], data: new Float32Array(2) };
  assert.throws(() => encodeSafetensors([t, t]), /repeated/);
  assert.throws(() => encodeSafetensors([{ ...t, shape: [3] }]), /2 values for shape \[3\]/);
});
