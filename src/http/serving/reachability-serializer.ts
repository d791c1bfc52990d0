/**
 * The JSON of a /reachability answer, written from the domain's columns (reachability.ts): the envelope by a
 * serializer compiled from ReachabilitySchema without its `nodes`, then each row by one compiled from
 * ReachableNodeSchema, fed one reused row object, so that a whole-network answer (100,000 rows) makes no
 * object per node. Both come from the schema, so the text is what the schema's encoding writes (in ASCII);
 * tests compare the two.
 */
import {
  type Network,
  type NetworkNode,
  nodeRef,
  type Reachability,
  ReachabilitySchema,
  type ReachableNode,
  ReachableNodeSchema,
} from '../../domain/index.js';
import { compileSerializer, SerializerMemo } from './fast-serializer.js';

/** A /reachability answer as the route sends it: the domain's answer and the data version. */
export type ReachabilityAnswer = Reachability & { dataVersion: string };

/**
 * A serializer of /reachability answers, remembering in `memo` (node references are frozen and shared, so
 * each is written once).
 */
export function reachabilitySerializer(
  memo: SerializerMemo = new SerializerMemo(),
): (network: Network, answer: ReachabilityAnswer) => string {
  const keys = Object.keys(ReachabilitySchema.shape);
  // The rows are appended to the envelope's text: `nodes` must be the schema's last key for that order.
  if (keys[keys.length - 1] !== 'nodes') {
    throw new Error('reachability-serializer: `nodes` must be the last key of ReachabilitySchema');
  }
  const envelope = compileSerializer(ReachabilitySchema.omit({ nodes: true }), memo);
  const row = compileSerializer(ReachableNodeSchema, memo);
  return (network, answer) => {
    const { reached } = answer;
    const head = envelope(answer);
    // The envelope always has keys (origin is required), so the rows follow a comma.
    let s = `${head.slice(0, -1)},"nodes":[`;
    const scratch: ReachableNode = {
      node: nodeRef(network, network.nodes[0] as NetworkNode),
      distanceKm: 0,
      durationHours: 0,
      co2eKgPerTonne: 0,
    };
    for (let k = 0; k < reached.count; k++) {
      scratch.node = nodeRef(network, network.nodes[reached.index[k] as number] as NetworkNode);
      scratch.distanceKm = reached.distanceKm[k] as number;
      scratch.durationHours = reached.durationHours[k] as number;
      scratch.co2eKgPerTonne = reached.co2eKgPerTonne[k] as number;
      s += k === 0 ? row(scratch) : `,${row(scratch)}`;
    }
    return `${s}]}`;
  };
}
