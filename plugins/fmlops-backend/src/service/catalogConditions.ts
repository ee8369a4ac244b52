import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's own permission rules, applied to an entity in memory exactly as the catalog
 * applies them (@backstage/plugin-catalog-backend, permissions/rules). Only the rules whose
 * meaning is plain are here: a decision naming any other rule (HAS_METADATA, HAS_SPEC, a custom
 * rule of another module) gives `undefined`, and the caller asks the catalog instead.
 */
const rules: Record<
  string,
  (entity: Entity, params: Record<string, unknown>) => boolean
> = {
  IS_ENTITY_OWNER: (entity, { claims }) =>
    (entity.relations ?? []).some(
      r =>
        r.type === RELATION_OWNED_BY &&
        (claims as string[]).includes(r.targetRef),
    ),
  IS_ENTITY_KIND: (entity, { kinds }) =>
    (kinds as string[]).some(
      k => k.toLowerCase() === entity.kind.toLowerCase(),
    ),
  HAS_ANNOTATION: (entity, { annotation, value }) =>
    hasEntry(
      entity.metadata.annotations,
      annotation as string,
      value as string | undefined,
    ),
  HAS_LABEL: (entity, { label, value }) =>
    hasEntry(
      entity.metadata.labels,
      label as string,
      value as string | undefined,
    ),
};

/** An exact key (and value) match, else a case-insensitive one: the catalog's reading. */
function hasEntry(
  entries: Record<string, string> | undefined,
  key: string,
  value: string | undefined,
): boolean {
  if (!entries) {
    return false;
  }
  if (
    Object.prototype.hasOwnProperty.call(entries, key) &&
    (value === undefined || entries[key] === value)
  ) {
    return true;
  }
  return Object.entries(entries).some(
    ([k, v]) =>
      k.toLowerCase() === key.toLowerCase() &&
      (value === undefined || v.toLowerCase() === value.toLowerCase()),
  );
}

/** Whether every rule a decision names is one applied here. */
export function isLocallyDecidable(decision: PolicyDecision): boolean {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return true;
  }
  if (
    decision.pluginId !== 'catalog' ||
    decision.resourceType !== 'catalog-entity'
  ) {
    return false;
  }
  const known = (c: PermissionCriteria<PermissionCondition>): boolean => {
    if ('allOf' in c) return c.allOf.every(known);
    if ('anyOf' in c) return c.anyOf.every(known);
    if ('not' in c) return known(c.not);
    return c.rule in rules;
  };
  return known(decision.conditions);
}

/** The decision for one entity: call only when `isLocallyDecidable(decision)`. */
export function allows(decision: PolicyDecision, entity: Entity): boolean {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW;
  }
  const test = (c: PermissionCriteria<PermissionCondition>): boolean => {
    if ('allOf' in c) return c.allOf.every(test);
    if ('anyOf' in c) return c.anyOf.some(test);
    if ('not' in c) return !test(c.not);
    return rules[c.rule](entity, (c.params ?? {}) as Record<string, unknown>);
  };
  return test(decision.conditions);
}
