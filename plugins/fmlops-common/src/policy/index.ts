export * from './policy';
export * from './evaluate';
export * from './strictness';
export * from './tighten';
