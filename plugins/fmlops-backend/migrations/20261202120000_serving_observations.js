// @ts-check

/**
 * What the portal last saw each serving endpoint serve (its traffic routes), so a change made
 * outside the portal (a bundle deployment, the Databricks UI or API) is noticed and recorded in
 * the endpoint's history as external.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fmlops_serving_observations', t => {
    t.string('serving_target', 512)
      .primary()
      .comment('<workspace alias>/<serving endpoint>');
    t.text('routes').notNullable().comment('JSON: the traffic routes seen');
    t.bigInteger('observed_at')
      .notNullable()
      .comment('epoch ms of the observation');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fmlops_serving_observations');
};
