from . import dealer_org_checklist_generate
