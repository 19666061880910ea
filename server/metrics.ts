/**
 * Prometheus metrics for /metrics (prom-client): what this server holds now, how long requests
 * and saves take, and why requests were refused, beside the process's own (CPU, memory, event-loop
 * lag, garbage collection).
 *
 * prom-client, with what it requires (the OpenTelemetry API among them), takes some 35 ms of a cold
 * start to load, and answering a request never needs it: the server loads it shortly after it
 * listens (or at the first scrape, if that comes sooner), and what it measured until then is
 * recorded as it loads.
 */
import type * as PromClient from 'prom-client';
import type { Ack, ProtocolError } from '../shared/protocol.ts';

type Client = typeof PromClient;

/** The process's metrics are collected once per process, however many apps it runs (tests run several). */
let processRegistry: PromClient.Registry | undefined;
function processMetrics({ Registry, collectDefaultMetrics }: Client): PromClient.Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** What the gauges read at each scrape. */
export interface LiveCounts {
  readonly connectionsOpen: () => number;
  readonly clinicsLive: () => number;
}

/** The metrics themselves, once prom-client has loaded. */
class LoadedMetrics {
  private readonly registry: PromClient.Registry;
  readonly requestSeconds: PromClient.Histogram<'event'>;
  readonly saveSeconds: PromClient.Histogram;
  readonly refusals: PromClient.Counter<'code' | 'reason'>;

  constructor(
    private readonly client: Client,
    { connectionsOpen, clinicsLive }: LiveCounts,
  ) {
    const registers = [(this.registry = new client.Registry())];
    this.requestSeconds = new client.Histogram({
      name: 'case_clinic_request_duration_seconds',
      help: 'From a request reaching the server to its acknowledgement, waiting and saving included, by event',
      labelNames: ['event'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.saveSeconds = new client.Histogram({
      name: 'case_clinic_save_duration_seconds',
      help: 'How long one durable save of a clinic took',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.refusals = new client.Counter({
      name: 'case_clinic_refusals_total',
      help: 'Requests and connections refused, by code and reason',
      labelNames: ['code', 'reason'],
      registers,
    });
    const gaugeReadAtScrape = (name: string, help: string, read: () => number) =>
      new client.Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gaugeReadAtScrape('case_clinic_connections_open', 'Connections open to this server', connectionsOpen);
    gaugeReadAtScrape('case_clinic_clinics_live', 'Clinics held in memory by this server', clinicsLive);
  }

  async exposition(): Promise<{ contentType: string; text: string }> {
    const merged = this.client.Registry.merge([processMetrics(this.client), this.registry]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }
}

export class ServerMetrics {
  private loaded: LoadedMetrics | null = null;
  private loading: Promise<LoadedMetrics> | null = null;
  /** What was measured before prom-client loaded; nothing once it could not be. */
  private waiting: Array<(metrics: LoadedMetrics) => void> | null = [];

  constructor(private readonly live: LiveCounts) {}

  /** Loads prom-client, once, and records what was measured before. */
  load(): Promise<LoadedMetrics> {
    this.loading ??= import('prom-client').then(
      (client) => {
        const loaded = new LoadedMetrics(client, this.live);
        for (const measure of this.waiting!) measure(loaded);
        this.waiting = [];
        this.loaded = loaded;
        return loaded;
      },
      (error: unknown) => {
        this.waiting = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** `event` is one the server knows (or "unknown"), never what a client wrote. */
  answered(event: string, ack: Ack<unknown>, seconds: number): void {
    this.record((metrics) => metrics.requestSeconds.observe({ event }, seconds));
    if (!ack.ok) this.refused(ack.error);
  }

  refused({ code, reason }: ProtocolError): void {
    this.record((metrics) => metrics.refusals.inc({ code, reason }));
  }

  saved(seconds: number): void {
    this.record((metrics) => metrics.saveSeconds.observe(seconds));
  }

  async exposition(): Promise<{ contentType: string; text: string }> {
    return (await this.load()).exposition();
  }

  private record(measure: (metrics: LoadedMetrics) => void): void {
    if (this.loaded) measure(this.loaded);
    else this.waiting?.push(measure);
  }
}
