namespace Kyoten.Controller.Dashboard;

/// <summary>The windows of the traffic charts.</summary>
public enum TrafficRange
{
    Hour,
    Day,
    Week,
}
