/**
 * Configuration is read from the environment once, when a module first needs it, and a missing
 * variable fails loudly with its name instead of surfacing later as an obscure SDK error.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}
