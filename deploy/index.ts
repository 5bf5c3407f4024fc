/** Deployment templates (CloudFormation). */
export { deployTemplate, type DeployTemplateOptions } from './deployTemplate.js';
