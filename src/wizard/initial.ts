// Where a new wizard starts: the first step, with the guide's defaults or a saved configuration's values.
import type { ItsmeSetupConfig } from '../core/config/types';
import { defaultForm, formFromConfig } from './form';
import type { FormState } from './state';

export function initialState(saved?: ItsmeSetupConfig): FormState {
  return {
    step: 'prerequisites',
    form: saved ? formFromConfig(saved) : defaultForm(),
    secretStored: false,
    errors: {},
    tenantCheck: { status: 'none' },
    seq: 0,
    refusals: 0,
  };
}
