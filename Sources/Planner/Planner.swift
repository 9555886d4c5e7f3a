public enum PlannerInfo {}
