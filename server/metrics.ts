/**
 * Prometheus metrics for /metrics (prom-client): what this server holds now, how long requests
 * and saves take, and why requests were refused, beside the process's own (CPU, memory, event-loop
 * lag, garbage collection).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Ack, ProtocolError } from '../shared/protocol.ts';

/** The process's metrics are collected once per process, however many apps it runs (tests run several). */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
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

export class ServerMetrics {
  private readonly registry = new Registry();
  private readonly requestSeconds = new Histogram({
    name: 'case_clinic_request_duration_seconds',
    help: 'From a request reaching the server to its acknowledgement, waiting and saving included, by event',
    labelNames: ['event'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly saveSeconds = new Histogram({
    name: 'case_clinic_save_duration_seconds',
    help: 'How long one durable save of a clinic took',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'case_clinic_refusals_total',
    help: 'Requests and connections refused, by code and reason',
    labelNames: ['code', 'reason'],
    registers: [this.registry],
  });

  constructor({ connectionsOpen, clinicsLive }: LiveCounts) {
    this.gaugeReadAtScrape('case_clinic_connections_open', 'Connections open to this server', connectionsOpen);
    this.gaugeReadAtScrape('case_clinic_clinics_live', 'Clinics held in memory by this server', clinicsLive);
  }

  private gaugeReadAtScrape(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** `event` is one the server knows (or "unknown"), never what a client wrote. */
  answered(event: string, ack: Ack<unknown>, seconds: number): void {
    this.requestSeconds.observe({ event }, seconds);
    if (!ack.ok) this.refused(ack.error);
  }

  refused({ code, reason }: ProtocolError): void {
    this.refusals.inc({ code, reason });
  }

  saved(seconds: number): void {
    this.saveSeconds.observe(seconds);
  }

  async exposition(): Promise<{ contentType: string; text: string }> {
    const merged = Registry.merge([processMetrics(), this.registry]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }
}
