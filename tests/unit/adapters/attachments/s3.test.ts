import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3Attachments } from '../../../../functions/adapters/attachments/s3.ts';

// Presigning is local computation with the client's credentials: nothing here reaches the network.
const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
const storage = s3Attachments(client, 'hub-attachments', { uploadSeconds: 300, downloadSeconds: 60 });

describe('S3 attachment storage', () => {
  it('presigns a PUT to the attachment key that signs its content type and exact length', async () => {
    // Act
    const target = await storage.uploadTarget('AbCdEf0123456789', { contentType: 'application/pdf', size: 123_456 });
    // Assess
    const url = new URL(target.url);
    expect(target.method).toBe('PUT');
    expect(url.host).toBe('hub-attachments.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/attachments/AbCdEf0123456789');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host', 'x-amz-tagging']);
    expect(url.searchParams.has('Content-Type')).toBe(false);
    expect(url.searchParams.has('x-amz-tagging')).toBe(false);
    // The object arrives tagged pending: the lifecycle rule deletes it unless the upload is confirmed.
    expect(target.headers).toEqual({ 'Content-Type': 'application/pdf', 'x-amz-tagging': 'upload=pending' });
  });

  it('presigns a short-lived GET that downloads under the file name, with the stored type', async () => {
    // Act
    const found = await storage.download('AbCdEf0123456789', { filename: 'Minutes Athens "final".pdf', contentType: 'application/pdf' });
    // Assess
    if (!found || !('redirect' in found)) throw new Error('expected a signed URL');
    const url = new URL(found.redirect);
    expect(url.host).toBe('hub-attachments.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/attachments/AbCdEf0123456789');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename*=UTF-8''Minutes%20Athens%20%22final%22.pdf`);
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores bytes received whole under the upload key, encrypted like the bucket, and not tagged pending', async () => {
    // Prepare: a client that records what it is asked to send
    const sent: PutObjectCommand[] = [];
    const recording = { send: async (command: PutObjectCommand) => void sent.push(command) } as unknown as S3Client;
    const bytes = new TextEncoder().encode('%PDF-1.4 minutes');
    // Act
    await s3Attachments(recording, 'hub-attachments').store('AbCdEf0123456789', { bytes, contentType: 'application/pdf' });
    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(PutObjectCommand);
    expect(sent[0]!.input).toEqual({ Bucket: 'hub-attachments', Key: 'attachments/AbCdEf0123456789', Body: bytes, ContentType: 'application/pdf', ContentLength: bytes.byteLength, ServerSideEncryption: 'AES256' });
    await expect(s3Attachments(recording, 'hub-attachments').store('../imports/x', { bytes, contentType: 'text/plain' })).rejects.toThrow(/not an attachment id/);
  });

  it('refuses an id that is not an attachment id before signing anything', async () => {
    await expect(storage.uploadTarget('../other-bucket-key', { contentType: 'text/plain', size: 1 })).rejects.toThrow(/not an attachment id/);
  });
});
