/** 季度分析: the report's page, found here by the publish job like every page (the report itself lives in dashboards/report/). */
export { reportPage } from "../report/page.js";
