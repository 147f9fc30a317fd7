// The tenants tree: one root per tenant the user added (tree/tenantNodes.ts builds its nodes from what observe()
// read; tree/node.ts turns a node into a TreeItem). Kept as the module the commands import types from.
export { errorNode, toTreeItem, type NodeKind, type TreeNode } from './tree/node';
export { environmentOf, isConfigured, snapshotOf, tenantNode, type Snapshot, type TenantView } from './tree/tenantNodes';
