import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { requestSigner } from '../../../functions/adapters/aws-request.ts';
import {
  ConditionalCheckFailedException,
  documentClient,
  DynamoDBError,
  GetCommand,
  TransactionCanceledException,
  TransactWriteCommand,
  UpdateCommand,
} from '../../../functions/adapters/dynamodb/document-client.ts';

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 for the SDK's signer, from node:crypto (an HMAC when given a key). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

describe('the request signature (DynamoDB, SES)', () => {
  const body = JSON.stringify({ TableName: 'partnership-hub', Key: { pk: { S: 'MEMBER#a@example.org' }, sk: { S: 'PROFILE' } } });
  const headers = { 'content-type': 'application/x-amz-json-1.0', host: 'dynamodb.eu-west-1.amazonaws.com', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
  const at = new Date('2026-12-02T09:08:07.654Z');

  it.each([
    ['long-lived keys', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
    ['a Lambda role (a session token)', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+signs', sessionToken: 'IQoJb3JpZ2luX2VjE//token==' }],
  ])('is the one the SDK signer computes, with %s', async (_, credentials) => {
    // Arrange
    const sdk = new SignatureV4({ service: 'dynamodb', region: 'eu-west-1', credentials, sha256: Sha256, applyChecksum: false });
    // Act
    const ours = requestSigner('eu-west-1', 'dynamodb').sign(credentials, at, { method: 'POST', path: '/' }, headers, body);
    const theirs = await sdk.sign({ method: 'POST', protocol: 'https:', hostname: headers.host, path: '/', query: {}, headers: { ...headers }, body }, { signingDate: at });
    // Assess
    expect(ours.authorization).toBe(theirs.headers.authorization);
    expect(ours['x-amz-date']).toBe(theirs.headers['x-amz-date']);
    expect(ours['x-amz-security-token']).toBe(theirs.headers['x-amz-security-token']);
  });

  it('is the one the SDK signer computes for SES v2: a GET of the account and a POST of an email', async () => {
    const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };
    const sdk = new SignatureV4({ service: 'ses', region: 'eu-west-1', credentials, sha256: Sha256, applyChecksum: false });
    const signer = requestSigner('eu-west-1', 'ses');
    for (const [method, path, payload] of [['GET', '/v2/email/account', ''], ['POST', '/v2/email/outbound-emails', '{"Content":{"Raw":{"Data":"VG86IGFAZXhhbXBsZS5vcmc="}}}']] as const) {
      const sesHeaders = { 'content-type': 'application/json', host: 'email.eu-west-1.amazonaws.com' };
      const ours = signer.sign(credentials, at, { method, path }, sesHeaders, payload);
      const theirs = await sdk.sign({ method, protocol: 'https:', hostname: sesHeaders.host, path, query: {}, headers: { ...sesHeaders }, body: payload }, { signingDate: at });
      expect(ours.authorization, `${method} ${path}`).toBe(theirs.headers.authorization);
    }
  });

  it('keeps the day\'s key across requests and changes it with the day and the secret', () => {
    const signer = requestSigner('eu-west-1', 'dynamodb');
    const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'one' };
    const first = signer.sign(keys, at, { method: 'POST', path: '/' }, headers, body).authorization;
    expect(signer.sign(keys, at, { method: 'POST', path: '/' }, headers, body).authorization).toBe(first);
    expect(signer.sign(keys, new Date('2026-12-03T00:00:01Z'), { method: 'POST', path: '/' }, headers, body).authorization).not.toBe(first);
    expect(signer.sign({ ...keys, secretAccessKey: 'two' }, at, { method: 'POST', path: '/' }, headers, body).authorization).not.toBe(first);
  });
});

/**
 * The client's handling of DynamoDB's answers, against an HTTP server that answers each request with
 * the next of a script: what DynamoDB sends on throttling, a failed condition or a cancelled
 * transaction (the shapes of its error documents). The operations themselves run against DynamoDB
 * Local in every integration test.
 */
describe('the DynamoDB client, answer by answer', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function scripted(answers: { status: number; body: unknown }[]) {
    const seen: { target: string; body: unknown; authorization: string }[] = [];
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ target: String(req.headers['x-amz-target']), body: JSON.parse(Buffer.concat(chunks).toString()), authorization: String(req.headers.authorization) });
        const answer = answers.shift() ?? { status: 500, body: { __type: 'com.amazon.coral.service#InternalFailure' } };
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = documentClient({ region: 'eu-west-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    return { client, seen };
  }

  it('writes attribute values and reads items back as plain values', async () => {
    const { client, seen } = await scripted([{ status: 200, body: { Item: { pk: { S: 'A' }, n: { N: '3' }, tags: { SS: ['x', 'y'] }, gone: { NULL: true } } } }]);
    const answer = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' } }));
    expect(answer.Item).toEqual({ pk: 'A', n: 3, tags: new Set(['x', 'y']), gone: null });
    expect(seen[0]).toMatchObject({ target: 'DynamoDB_20120810.GetItem', body: { TableName: 't', Key: { pk: { S: 'A' }, sk: { S: 'B' } } } });
    expect(seen[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
  });

  it('drops undefined values, as the document client does', async () => {
    const { client, seen } = await scripted([{ status: 200, body: {} }]);
    await client.send(new UpdateCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { kept: 1, dropped: undefined } } }));
    expect(seen[0]!.body).toMatchObject({ ExpressionAttributeValues: { ':a': { M: { kept: { N: '1' } } } } });
  });

  it('tries a throttled call again and answers the attempt that succeeds', async () => {
    const { client, seen } = await scripted([
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' } },
      { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' } },
      { status: 200, body: { Attributes: { n: { N: '1' } } } },
    ]);
    const answer = await client.send(new UpdateCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 }, ReturnValues: 'ALL_NEW' }));
    expect(answer.Attributes).toEqual({ n: 1 });
    expect(seen).toHaveLength(3);
  });

  it('gives up after three attempts with the last error, named by its type', async () => {
    const throttled = { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' } };
    const { client, seen } = await scripted([throttled, throttled, throttled, { status: 200, body: {} }]);
    const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDBError);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    expect(seen).toHaveLength(3);
  });

  it('answers a failed condition at once with the item as it was, and a cancelled transaction with its reasons', async () => {
    const { client, seen } = await scripted([
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: { status: { S: 'sending' } } } },
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', Message: 'Transaction cancelled', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }] } },
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'One or more parameter values were invalid' } },
    ]);
    const condition = await client.send(new UpdateCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } })).catch((e: unknown) => e);
    expect(condition).toBeInstanceOf(ConditionalCheckFailedException);
    expect((condition as ConditionalCheckFailedException).Item).toEqual({ status: { S: 'sending' } });
    const cancelled = await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'A', sk: 'B' } } }, { Put: { TableName: 't', Item: { pk: 'C', sk: 'D' } } }] })).catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect((cancelled as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((cancelled as Error).message).toBe('Transaction cancelled');
    const invalid = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'B' } })).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'ValidationException' });
    // Neither a failed condition, a cancelled transaction nor a validation error is tried again.
    expect(seen).toHaveLength(3);
    expect(seen[1]!.body).toMatchObject({ TransactItems: [{ Put: { Item: { pk: { S: 'A' }, sk: { S: 'B' } } } }, { Put: { Item: { pk: { S: 'C' } } } }] });
  });
});
