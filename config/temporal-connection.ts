import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { TemporalConnectionOptions } from './temporal-profile';
import { temporalAddress, type Config } from './index';

export type { TemporalConnectionOptions } from './temporal-profile';

/**
 * How to reach the configured Temporal frontend: a client profile when TEMPORAL_PROFILE is set;
 * else plain gRPC to the local dev server by default;
 * TLS (server CA, SNI name), mutual TLS with a client certificate, or an API key (Temporal Cloud,
 * which implies TLS) when configured. Certificate files are read here, once, with their path in any error.
 */
export function temporalConnectionOptions(config: Config): TemporalConnectionOptions {
  if (config.temporal.profile) return config.temporal.profile.connection;
  const { tls, apiKey } = config.temporal;
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`cannot read the Temporal ${what} at ${file}: ${(err as Error).message}`);
    }
  };
  const tlsConfig: TLSConfig | undefined = tls
    ? {
        ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
        ...(tls.caFile ? { serverRootCACertificate: read(tls.caFile, 'CA certificate (TEMPORAL_TLS_CA_FILE)') } : {}),
        ...(tls.certFile && tls.keyFile
          ? { clientCertPair: { crt: read(tls.certFile, 'client certificate (TEMPORAL_TLS_CERT_FILE)'), key: read(tls.keyFile, 'client key (TEMPORAL_TLS_KEY_FILE)') } }
          : {}),
      }
    : undefined;
  return {
    address: temporalAddress(config),
    ...(tlsConfig ? { tls: Object.keys(tlsConfig).length > 0 ? tlsConfig : true } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
