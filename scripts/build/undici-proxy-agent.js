// Stands in for `undici` where @actions/http-client imports it. That import is only for
// ProxyAgent, which the client builds when an HTTP call of @actions/core goes through a proxy
// (OIDC tokens); Runway makes no such call. As a CommonJS package undici cannot be tree-shaken,
// so importing it directly would evaluate its 400 KB in every action's start-up.
export class ProxyAgent {
  constructor(...args) {
    const { ProxyAgent: Real } = require("undici");
    // biome-ignore lint/correctness/noConstructorReturn: a lazy stand-in hands back the real agent
    return new Real(...args);
  }
}
