import type { TLSConfig } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

/** What both the client's Connection and the worker's NativeConnection take to reach Temporal. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/**
 * A Temporal client profile (`@temporalio/envconfig`: the TOML file the Temporal CLI reads, from
 * TEMPORAL_CONFIG_FILE or its default place): address, TLS files, API key, gRPC metadata.
 * Only the file counts; our own TEMPORAL_* variables are not mixed in.
 */
export function profileConnection(profile: { name: string; configFile?: string }): { options: TemporalConnectionOptions; namespace?: string } {
  const { connectionOptions, namespace } = loadClientConnectConfig({
    profile: profile.name,
    ...(profile.configFile ? { configSource: { path: profile.configFile } } : {}),
    disableEnv: true,
  });
  if (!connectionOptions.address) throw new Error(`the Temporal profile "${profile.name}" names no address`);
  return {
    options: {
      address: connectionOptions.address,
      ...(connectionOptions.tls !== undefined && connectionOptions.tls !== null ? { tls: connectionOptions.tls } : {}),
      ...(typeof connectionOptions.apiKey === 'string' ? { apiKey: connectionOptions.apiKey } : {}),
      ...(connectionOptions.metadata ? { metadata: connectionOptions.metadata as Record<string, string> } : {}),
    },
    ...(namespace ? { namespace } : {}),
  };
}

