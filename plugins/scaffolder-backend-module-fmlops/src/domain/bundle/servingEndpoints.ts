import type { ResourceDefinition } from './declarations';
import type { ReportProblem } from './problems';
import { isMapping, list, text } from './yamlValues';

/** Every route of a serving endpoint names one of its served entities, and the routes add up to 100 %. */
export function checkServingEndpoint(
  endpoint: ResourceDefinition,
  report: ReportProblem,
) {
  if (!isMapping(endpoint.value) || !isMapping(endpoint.value.config)) return;
  const config = endpoint.value.config;
  const served = [
    ...list(config.served_entities),
    ...list(config.served_models),
  ].flatMap(entity =>
    isMapping(entity) && text(entity.name) ? [entity.name as string] : [],
  );
  if (!isMapping(config.traffic_config)) return;
  const routes = list(config.traffic_config.routes);
  let total = 0;
  let allNumbers = true;
  routes.forEach((route, i) => {
    if (!isMapping(route)) return;
    const at = `${endpoint.at}.config.traffic_config.routes[${i}]`;
    const name =
      text(route.served_model_name) ?? text(route.served_entity_name);
    if (!name || !served.includes(name)) {
      report(
        endpoint.file.name,
        at,
        `routes traffic to "${
          name ?? ''
        }", which is not a served entity of endpoint "${
          endpoint.key
        }" (served: ${served.join(', ') || 'none'})`,
      );
    }
    if (typeof route.traffic_percentage === 'number')
      total += route.traffic_percentage;
    else allNumbers = false;
  });
  if (routes.length > 0 && allNumbers && total !== 100) {
    report(
      endpoint.file.name,
      `${endpoint.at}.config.traffic_config.routes`,
      `traffic percentages add up to ${total}, not 100`,
    );
  }
}
