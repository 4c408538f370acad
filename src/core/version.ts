/** lakehunt's version, stamped on every hunt result. Keep in step with package.json. */
export const VERSION = '0.1.0';
