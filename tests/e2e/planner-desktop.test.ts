/**
 * The planner page's states at desktop size (1440×900); the states themselves are in planner-states.ts.
 */
import { describePlannerStates } from './planner-states.js';

describePlannerStates('desktop');
