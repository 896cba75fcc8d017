import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One span as an OTLP/JSON export carries it, with the resource it came from. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly unknown[];
  readonly links: readonly unknown[];
  readonly status?: unknown;
  readonly resource: unknown;
  readonly scope: string;
}

interface OtlpValue {
  readonly stringValue?: string;
  readonly intValue?: string | number;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
  readonly arrayValue?: { readonly values?: OtlpValue[] };
}

interface OtlpExport {
  readonly resourceSpans?: Array<{
    readonly resource?: unknown;
    readonly scopeSpans?: Array<{
      readonly scope?: { readonly name?: string };
      readonly spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: Array<{ key: string; value: OtlpValue }>;
        events?: unknown[];
        links?: unknown[];
        status?: unknown;
      }>;
    }>;
  }>;
}

/**
 * A collector in miniature: an HTTP server on loopback that takes OTLP/JSON trace exports
 * (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) at /v1/traces, answers as a collector does, and keeps every
 * span with its resource — exactly what an operator's collector would be sent.
 */
export class OtlpReceiver {
  private readonly server: Server;
  private readonly received: ReceivedSpan[] = [];
  /** The raw request bodies, for a search over everything that was sent. */
  private readonly bodies: string[] = [];

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        this.bodies.push(body);
        this.keep(JSON.parse(body) as OtlpExport);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** The endpoint for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  spans(): readonly ReceivedSpan[] {
    return [...this.received];
  }

  /** Everything the gateway sent, as it was sent. */
  raw(): string {
    return this.bodies.join('\n');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private keep(exported: OtlpExport): void {
    for (const resourceSpans of exported.resourceSpans ?? []) {
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.received.push({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            kind: span.kind,
            attributes: Object.fromEntries((span.attributes ?? []).map((attribute) => [attribute.key, valueOf(attribute.value)])),
            events: span.events ?? [],
            links: span.links ?? [],
            status: span.status,
            resource: resourceSpans.resource,
            scope: scopeSpans.scope?.name ?? '',
          });
        }
      }
    }
  }
}

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}
