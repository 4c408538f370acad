export const BEACONING_CASES = [];
