import crypto from 'node:crypto';

/**
 * Protection of identity numbers (公民身份号码) at rest: AES-256-GCM for storage and an HMAC
 * for exact lookup, both from one 32-byte data key. The plain number never reaches a log.
 */
export class PiiVault {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error('DATA_KEY 必须是 32 字节（base64 编码）');
    this.encKey = Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), 'xinyong/pii/enc', 32));
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), 'xinyong/pii/mac', 32));
  }

  /** iv (12) ‖ tag (16) ‖ ciphertext */
  encrypt(plain: string): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Uint8Array): string {
    const buf = Buffer.from(sealed);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, buf.subarray(0, 12));
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for `WHERE id_number_hash = $1`; useless without the key. */
  lookupHash(plain: string): Buffer {
    return crypto.createHmac('sha256', this.macKey).update(plain).digest();
  }
}
