// GET /organization: the tenant, its type and its initial domain (graph-b2c.md §7).
import { contextUrl, ok, type Ctx, type RouteDef } from '../api';
import { directoryNotFound } from '../errors';
import { parseSelect, project } from '../odata';
import { PERMS } from '../permissions';
import type { Obj } from '../state';

const TYPE = 'microsoft.graph.organization';

function organization(ctx: Ctx): Obj {
  const s = ctx.state;
  const full: Obj = {
    id: s.tenantId,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: 'BE',
    createdDateTime: s.createdDateTime,
    defaultUsageLocation: null,
    displayName: s.displayName,
    isMultipleDataLocationsForServicesEnabled: null,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: 'en',
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: s.tenantType,
    directorySizeQuota: { used: 1, total: 300000 },
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: structuredClone(s.verifiedDomains),
  };
  // §7: "All other properties return with null values. To read all properties, use at least Organization.Read.All".
  if (!PERMS.organizationFull.some((p) => ctx.roles.has(p))) {
    for (const k of Object.keys(full)) if (!['id', 'displayName', 'verifiedDomains'].includes(k)) full[k] = null;
  }
  return full;
}

const selectable = (ctx: Ctx) => ctx.schema.propNames(ctx.version, TYPE);

export const organizationRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: 'organization',
    // Any valid token may read the basic organization properties (§7), so the tenantType check can be tested.
    perms: 'any',
    handler: (ctx) => {
      const select = parseSelect(ctx.req.query, selectable(ctx), TYPE);
      const ctxFrag = select ? `organization(${select.join(',')})` : 'organization';
      return ok({ '@odata.context': contextUrl(ctx, ctxFrag), value: [project(organization(ctx), select)] });
    },
  },
  {
    method: 'GET',
    path: 'organization/:id',
    perms: 'any',
    handler: (ctx) => {
      if (ctx.params[0]!.toLowerCase() !== ctx.state.tenantId.toLowerCase()) throw directoryNotFound(ctx.params[0]!);
      const select = parseSelect(ctx.req.query, selectable(ctx), TYPE);
      return ok({ '@odata.context': contextUrl(ctx, 'organization/$entity'), ...project(organization(ctx), select) });
    },
  },
];
